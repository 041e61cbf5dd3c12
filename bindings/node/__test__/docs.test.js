'use strict'
// The TypeScript example in docs/node.md type-checks with tsc --strict and runs.
const { test } = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const kring = require('..')

const root = path.resolve(__dirname, '..')
const doc = fs.readFileSync(path.join(root, '..', '..', 'docs', 'node.md'), 'utf8')
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1])

test('the TypeScript example in docs/node.md compiles with --strict and runs', () => {
  assert.ok(blocks.length >= 1)
  const dir = path.join(root, '.doc-example')
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir)
  fs.writeFileSync(path.join(dir, 'example.ts'), blocks[0])
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc')
  execFileSync(process.execPath, [tsc, '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--types', 'node', '--rootDir', root, '--outDir', path.join(dir, 'out'), path.join(dir, 'example.ts')], { cwd: root, stdio: 'pipe' })
  const out = execFileSync(process.execPath, [path.join(dir, 'out', '.doc-example', 'example.js')], { cwd: root, encoding: 'utf8' })
  assert.match(out, /^version 1$/m)
  assert.match(out, /^requested 2026-03-02T09:00:00Z Sem Kramer$/m)
  assert.match(out, /^permission_denied plan_by_circle$/m)
  assert.match(out, /^\d+ closed cases; 201 rows in the cases table$/m)
  assert.match(out, new RegExp(`^format ${kring.FORMAT_VERSION} -> ${kring.FORMAT_VERSION}$`, 'm'))
  fs.rmSync(dir, { recursive: true, force: true })
})
