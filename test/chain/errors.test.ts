/** Naming chain refusals and authority problems: pure, runs without the runtime. */
import { authorityProblems, type AuthorityFacts } from '../../src/chain/authority';
import { fromDispatchError, fromSubmissionError, INVALID_CUSTOM } from '../../src/chain/errors';

describe('1010 Invalid Custom(n) names (docs/design.md §6)', () => {
  it.each([
    ['1010: {"invalid":{"custom":8}}', 'SlippageTooHigh', true],
    ['1010: Invalid Transaction: Custom error: 1', 'StakeAmountTooLow', false],
    ['Invalid Transaction (Custom(14))', 'ZeroMaxAmount', true],
    ['1010: {"invalid":{"custom":255}}', 'BadRequest', false],
    ['1010: {"invalid":{"custom":6}}', 'RateLimitExceeded', false],
    ['1010: {"invalid":{"custom":5}}', 'NotEnoughStakeToWithdraw', false],
  ])('%s → %s', (text, name, priceRefusal) => {
    expect(fromSubmissionError(new Error(text))).toMatchObject({ kind: 'invalid-tx', name, priceRefusal });
  });

  it('keeps an unknown custom code visible and names stale nonces', () => {
    expect(fromSubmissionError(new Error('1010: {"invalid":{"custom":77}}')).name).toBe('Custom77');
    expect(fromSubmissionError(new Error('1010: {"invalid":{"stale":null}}')).name).toBe('Stale');
    expect(INVALID_CUSTOM[8]).toBe('SlippageTooHigh');
  });

  it('names CallFiltered and module errors', () => {
    expect(fromDispatchError('system', 'CallFiltered')).toMatchObject({ kind: 'call-filtered', name: 'CallFiltered' });
    expect(fromDispatchError('subtensorModule', 'SlippageTooHigh', 'too much')).toMatchObject({
      kind: 'module',
      name: 'SlippageTooHigh',
      message: 'SubtensorModule.SlippageTooHigh: too much',
      priceRefusal: true,
    });
  });
});

describe('authority problems', () => {
  const base: AuthorityFacts = {
    mode: 'proxy',
    signer: 'SIGNER',
    treasury: 'TREASURY',
    allowAnyProxy: false,
    treasuryProxies: [],
    otherSignatories: [],
    threshold: 2,
    hotkeys: [],
  };
  const staking = { delegate: 'SIGNER', proxyType: 'Staking', delay: 0 };

  it('accepts a Staking proxy and nothing weaker or broader by default', () => {
    expect(authorityProblems({ ...base, treasuryProxies: [staking] }).problems).toEqual([]);
    expect(authorityProblems(base).problems[0]).toMatch(/not a Staking proxy.*proxy\.add_proxy\(SIGNER, Staking, 0\)/);
    const any = { ...base, treasuryProxies: [{ ...staking, proxyType: 'Any' }] };
    expect(authorityProblems(any).problems[0]).toMatch(/Any proxy.*allowAnyProxy/);
    expect(authorityProblems({ ...any, allowAnyProxy: true }).problems).toEqual([]);
    expect(authorityProblems({ ...base, treasuryProxies: [{ ...staking, delay: 10 }] }).problems[0]).toMatch(/announcement delay/);
    expect(authorityProblems({ ...base, treasury: null }).problems[0]).toMatch(/treasury is not set/);
  });

  it('names an unknown subnet and an unregistered hotkey', () => {
    const r = authorityProblems({
      ...base,
      treasuryProxies: [staking],
      hotkeys: [
        { netuid: 51, hotkey: 'HOT', subnetExists: false, registered: false },
        { netuid: 3, hotkey: 'HOT', subnetExists: true, registered: false },
      ],
    });
    expect(r.problems).toEqual([
      "Subnet 51 does not exist on this chain: check the plan's netuid 51.",
      'Hotkey HOT is not registered on subnet 3: set chain.hotkeys["3"] to a validator registered there.',
    ]);
  });

  it('checks that the multisig of the signatories is the treasury', () => {
    const ms: AuthorityFacts = { ...base, mode: 'multisig', otherSignatories: ['B', 'C'], multisigAccount: 'OTHER' };
    expect(authorityProblems(ms).problems[0]).toMatch(/is OTHER, not the treasury TREASURY/);
    expect(authorityProblems({ ...ms, multisigAccount: 'TREASURY' }).problems).toEqual([]);
    expect(authorityProblems({ ...ms, multisigAccount: 'TREASURY', threshold: 4 }).problems[0]).toMatch(/threshold 4 exceeds the 3/);
  });
});
