import { redactConfig } from '../config/load';
import { requireConfig, type Register } from './context';

export const registerConfig: Register = (program, io) => {
  program
    .command('config')
    .description('print the effective configuration (defaults, files, environment) with secrets redacted')
    .action(() => {
      io.stdout(JSON.stringify(redactConfig(requireConfig(io)), null, 2) + '\n');
    });
};
