/** The loopback hub moved to test/fixtures/hub/server.ts (the bench uses it too); kept for importers. */
export * from '../../fixtures/hub/server';
