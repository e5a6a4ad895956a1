/**
 * viem and multiformats publish their type declarations as ES modules, which a CommonJS file
 * may only import as types. At run time both load through require(): viem ships a CommonJS
 * build, and Node 20.19+ requires multiformats' ES modules directly (jest.config.js maps them
 * for jest). Every use of either library goes through this file.
 */
import type * as Viem from 'viem' with { 'resolution-mode': 'import' };
import type * as Multiformats from 'multiformats' with { 'resolution-mode': 'import' };
import type * as Sha2 from 'multiformats/hashes/sha2' with { 'resolution-mode': 'import' };

/* eslint-disable @typescript-eslint/no-require-imports */
export const viem = require('viem') as typeof Viem;
export const multiformats = require('multiformats') as typeof Multiformats;
export const sha2 = require('multiformats/hashes/sha2') as typeof Sha2;
/* eslint-enable @typescript-eslint/no-require-imports */

export type TypedDataDomain = Viem.TypedDataDomain;
export type Hex = Viem.Hex;
