import type { Prisma } from '../../db/client.js';
import { notFound } from '../../common/errors.js';
import { requireText } from '../../common/text.js';

export interface CreateUnitData {
  name: string;
  parentId?: string | null;
}

/** Police units: the tree that scopes staff and sessions. */
export class UnitService {
  constructor(private readonly prisma: Prisma) {}

  list() {
    return this.prisma.unit.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
  }

  async create(input: CreateUnitData) {
    const name = requireText(input.name, { field: 'name', max: 120 });
    if (input.parentId) {
      const parent = await this.prisma.unit.findUnique({ where: { id: input.parentId } });
      if (!parent) throw notFound('Parent unit');
    }
    return this.prisma.unit.create({ data: { name, parentId: input.parentId || null } });
  }
}
