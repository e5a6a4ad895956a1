import { runUntilSignal } from '../main';
import { requireConfig, type Register } from './context';

export const registerServe: Register = (program, io) => {
  program
    .command('serve')
    .description('run the service: poll the hub, check rules, execute plans, serve the API and dashboard')
    .action(async () => {
      await runUntilSignal(requireConfig(io));
    });
};
