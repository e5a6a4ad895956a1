export { Executor, type ExecutorDeps, type ExecutorSettings } from './executor';
export type { ExecutorPlans, RunnablePlan } from './plans';
export type { TickReport } from './report';
export { hotkeyResolver } from './hotkeys';
