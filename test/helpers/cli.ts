import { run } from '../../src/cli';

/** Runs the CLI in-process and captures what it printed and its exit code. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = await run(['node', 'govbridge', ...args], {
    env,
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readStdin: () => Promise.resolve(stdin),
  });
  return { code, stdout, stderr };
}
