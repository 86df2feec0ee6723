import type { Prisma } from '../../db/client.js';
import { notFound } from '../../common/errors.js';
import { requireText } from '../../common/text.js';
import type { Viewer } from '../../auth/viewer.js';
import { appendAudit } from '../record/record.chain.js';

export interface CreateUnitData {
  name: string;
  parentId?: string | null;
  /** Who creates it, for the record; absent for the system itself (the demo seed). */
  actor?: Viewer | null;
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
    return this.prisma.$transaction(async (tx) => {
      const unit = await tx.unit.create({ data: { name, parentId: input.parentId || null } });
      // The first entry of the unit's own chain; the parent's staff read it in their log too.
      await appendAudit(tx, {
        chain: { unitId: unit.id },
        actor: input.actor ?? null,
        action: 'UNIT_CREATED',
        entityType: 'Unit',
        entityId: unit.id,
        unitId: unit.id,
        state: { name: unit.name, parentId: unit.parentId },
      });
      return unit;
    });
  }
}
