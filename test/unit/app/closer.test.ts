import { closer } from '../../../src/app/closer';

describe('closer', () => {
  it('closes in reverse order of opening, once', async () => {
    const closed: string[] = [];
    const c = closer();
    for (const name of ['store', 'components', 'server']) c.add(name, () => void closed.push(name));
    await c.close();
    await c.close();
    expect(closed).toEqual(['server', 'components', 'store']);
  });

  it('goes on closing after a step fails, tells of it, and throws the first failure at the end', async () => {
    const closed: string[] = [];
    const told: string[] = [];
    const c = closer((name) => told.push(name));
    c.add('store', () => void closed.push('store'));
    c.add('chain', () => Promise.reject(new Error('socket stuck')));
    c.add('server', () => {
      throw new Error('already closed');
    });
    await expect(c.close()).rejects.toThrow('already closed');
    expect(closed).toEqual(['store']);
    expect(told).toEqual(['server', 'chain']);
  });
});
