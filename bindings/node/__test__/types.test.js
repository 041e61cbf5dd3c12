'use strict'
// The package's declarations (compiled from the wrapper's TypeScript, and the generated model)
// accept well-typed code and refuse each mistake in __test__/typing/checks.ts.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { spawnSync } = require('node:child_process')

const root = path.resolve(__dirname, '..')

test('tsc --strict accepts the well-typed uses and refuses every marked mistake', () => {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  const args = ['--strict', '--noEmit', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', path.join(__dirname, 'typing', 'checks.ts')]
  const done = spawnSync(process.execPath, [tsc, ...args], { cwd: root, encoding: 'utf8' })
  assert.equal(done.status, 0, done.stdout + done.stderr)
})
