import { useEffect, useState } from 'preact/hooks';
import { request } from '../../api.js';
import type { StaffSignIn } from '../../staff.js';
import { ReportUnitsDocument, type ReportUnitsQuery } from '../../generated/graphql.js';

export type UnitChoice = ReportUnitsQuery['units'][number];

/** The units a staff member looks after: their own and every unit below it; all of them for the system admin (no unit). */
export function unitsUnder(units: readonly UnitChoice[], rootId: string | null): UnitChoice[] {
  if (rootId === null) return [...units];
  const below = new Set([rootId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const u of units) {
      if (!below.has(u.id) && u.parent && below.has(u.parent.id)) {
        below.add(u.id);
        grew = true;
      }
    }
  }
  return units.filter((u) => below.has(u.id));
}

/** The units of `unitsUnder` for the signed-in staff member, once loaded (null before). */
export function useUnitsUnder(staff: StaffSignIn): UnitChoice[] | null {
  const [units, setUnits] = useState<UnitChoice[] | null>(null);
  useEffect(() => {
    void request(ReportUnitsDocument, {}, staff.token).then(
      (d) => setUnits(unitsUnder(d.units, staff.viewer.unit?.id ?? null)),
      () => setUnits(staff.viewer.unit ? [{ ...staff.viewer.unit, parent: null }] : []),
    );
  }, [staff.token]);
  return units;
}
