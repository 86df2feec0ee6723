import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { Context } from '../../context.js';
import { pageSize } from '../../common/pagination.js';
import type { UnitReport } from './report.service.js';
import { SessionReportType, UnitReportType } from './report.type.js';

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

  @FieldResolver(() => [SessionReportType], {
    description: 'The sessions this report counts (those of the units below included), newest first, at most `first` (100 at most), each with its own figures.',
  })
  bySession(@Root() report: UnitReport, @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null, @Ctx() ctx: Context) {
    return ctx.services.reports.bySession({ report, first: pageSize(first, 100) });
  }
}
