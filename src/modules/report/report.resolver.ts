import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { Context } from '../../context.js';
import { UnitReportType } from './report.type.js';

@Resolver(() => UnitReportType)
export class ReportResolver {
  @Query(() => UnitReportType, { description: "Anyone; tip and staff-only figures as the viewer may see them (see UnitReport)." })
  unitReport(
    @Arg('unitId', () => ID) unitId: string,
    @Arg('from', () => DateTimeResolver) from: Date,
    @Arg('to', () => DateTimeResolver) to: Date,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.reports.unitReport({ viewer: ctx.viewer, unitId, from, to });
  }
}
