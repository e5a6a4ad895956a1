// Tests run with the logger silent unless GOVBRIDGE_TEST_LOGS=1 asks for output.
process.env.NODE_ENV = 'test';
