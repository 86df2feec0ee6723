import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { Role } from '../common.type.js';
import { CreateUnitInput } from './unit.input.js';
import { Unit } from './unit.type.js';

@Resolver(() => Unit)
export class UnitResolver {
  @Query(() => [Unit])
  units(@Ctx() ctx: Context) {
    return ctx.services.units.list();
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Unit, { description: 'ADMIN.' })
  createUnit(@Arg('input', () => CreateUnitInput) input: CreateUnitInput, @Ctx() ctx: Context) {
    return ctx.services.units.create({ ...input, actor: ctx.viewer });
  }

  @FieldResolver(() => Unit, { nullable: true })
  parent(@Root() unit: Unit, @Ctx() ctx: Context) {
    return unit.parentId ? ctx.loaders.unit.load(unit.parentId) : null;
  }
}
