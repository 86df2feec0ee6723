import type { Prisma } from '../../db/client.js';
import { forbidden, notFound } from '../../common/errors.js';
import { requireText } from '../../common/text.js';
import type { AccessService } from '../../auth/access.js';
import { canManageUnit, isSystemAdmin, type Viewer } from '../../auth/viewer.js';
import { unitSubject } from '../../record/chain.js';
import type { Recorder } from '../../record/recorder.js';
import { AuditAction } from '../../record/vocabulary.js';

export interface CreateUnitData {
  name: string;
  parentId?: string | null;
}

/** Police units: the tree that scopes staff and sessions. */
export class UnitService {
  constructor(
    private readonly prisma: Prisma,
    private readonly recorder: Recorder,
    private readonly access: AccessService,
  ) {}

  list() {
    return this.prisma.unit.findMany({ orderBy: [{ name: 'asc' }, { id: 'asc' }] });
  }

  /** An ADMIN creates units under the units it manages; only the bootstrap ADMIN (no unit) creates top-level ones. */
  async create({ viewer, input }: { viewer: Viewer; input: CreateUnitData }) {
    const name = requireText(input.name, { field: 'name', max: 120 });
    if (input.parentId) {
      const parent = await this.prisma.unit.findUnique({ where: { id: input.parentId } });
      if (!parent) throw notFound('unit.parentNotFound');
      if (!canManageUnit(viewer, parent.id)) throw forbidden('unit.addUnderNotAllowed');
    } else if (!isSystemAdmin(viewer)) {
      throw forbidden('unit.addTopLevelNotAllowed');
    }
    const unit = await this.recorder.commit(async (tx) => {
      const unit = await tx.unit.create({ data: { name, parentId: input.parentId || null } });
      // The first entry of the unit's own chain; the parent's staff read it in their log too.
      const state = { name: unit.name, parentId: unit.parentId };
      return { result: unit, audit: { ...unitSubject(unit), actor: viewer, action: AuditAction.UNIT_CREATED, state } };
    });
    this.access.unitsChanged();
    return unit;
  }
}
