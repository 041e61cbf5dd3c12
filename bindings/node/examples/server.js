'use strict'
// A minimal service on node:http that serves a case and its plan as JSON:
//   GET /cases/:id       the case
//   GET /cases/:id/plan  the plan in force
//   GET /cases?phase=…   case ids matching the query
// Usage: node examples/server.js STORE_FILE [PORT]

const http = require('node:http')
const { Store, KringError } = require('..')

const STATUS = { not_found: 404, invalid_input: 400 }

function serve(store) {
  return http.createServer(async (req, res) => {
    const send = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(body))
    }
    try {
      const url = new URL(req.url, 'http://localhost')
      const parts = url.pathname.split('/').filter(Boolean)
      if (req.method !== 'GET' || parts[0] !== 'cases') return send(404, { code: 'not_found', message: 'no such route' })
      if (parts.length === 1) return send(200, await store.query(Object.fromEntries(url.searchParams)))
      const c = await store.case(parts[1])
      if (parts.length === 2) return send(200, c)
      if (parts.length === 3 && parts[2] === 'plan') {
        const plan = [...c.plans].reverse().find((p) => p.status === 'accepted')
        return plan ? send(200, plan) : send(404, { code: 'not_found', message: 'no accepted plan yet' })
      }
      return send(404, { code: 'not_found', message: 'no such route' })
    } catch (e) {
      if (e instanceof KringError) return send(STATUS[e.code] || 500, { code: e.code, message: e.message, rule: e.rule })
      return send(500, { code: 'internal', message: 'internal error' })
    }
  })
}

module.exports = { serve }

if (require.main === module) {
  const [file, port = '8080'] = process.argv.slice(2)
  const store = Store.open(file)
  serve(store).listen(Number(port), '127.0.0.1', () => console.log(`serving ${file} on http://127.0.0.1:${port}`))
}
