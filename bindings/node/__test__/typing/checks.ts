// The package's types as a TypeScript user meets them: the first function must compile under
// `tsc --strict`, and every line marked `@ts-expect-error` in the second must be refused
// (tsc also fails when a marked line compiles). Run by types.test.js; never executed.
import kring, { Closed, KringError, RuleViolation, Store, type Actor, type Case, type CaseView, type Event, type FieldsOf, type HistoryRecord, type MapOptions, type PlanOptions, type ResearchOptions, type ResearchTableName } from 'kring'

export async function wellTyped(store: Store, actor: Actor): Promise<void> {
  const id = store.newId('case')
  const signal: FieldsOf<'raise_signal'> = { id: store.newId('signal'), about: 'After school.' }
  const event: Event = await store.execute(id, actor, 'raise_signal', signal, { at: new Date(), expectedVersion: 3 })
  await store.execute(id, actor, 'start_conference')
  await store.execute(id, actor, { begin_part: { part: 'private_time' } })
  store.executeSync(id, actor, 'begin_part', { part: 'presentation' }, { at: '2026-03-02T09:00:00Z' })
  const c: Case = await store.case(id)
  const version: number = c.version + event.version
  const names: string[] = c.main_persons.map((m) => m.person.name)
  const view: CaseView = await store.caseFor(id, { person: c.requested_by.person, role: 'professional', on_behalf_of: null })
  const history: HistoryRecord[] = await store.history(id)
  const ids: string[] = await store.query({ phase: 'closed', requested_from: '2026-01-01T00:00:00Z' })
  const plain: Case = { ...c }
  const files: string[] = [await store.exportCase(id), await store.exportCase(id, { reader: actor }), await store.exportCase(id, { key: new Uint8Array(32) })]
  const planOptions: PlanOptions = { lang: 'en', version: 1, reader: actor }
  const mapOptions: MapOptions = { lang: 'nl', reader: actor }
  const documents: string[] = [await store.planHtml(id), await store.planHtml(id, planOptions), await store.networkMap(id), await store.networkMap(id, mapOptions)]
  try {
    await store.execute(id, actor, 'end_conference')
  } catch (e) {
    if (e instanceof RuleViolation) console.log(e.rule, e.ids.length)
    if (e instanceof KringError && e.code === 'conflict') console.log(e.message)
  }
  const chosen: ResearchTableName[] = ['satisfaction', 'cases']
  const research: ResearchOptions = { key: new Uint8Array(32), tables: chosen }
  const tables = [await store.researchTables(research), await store.researchArrow({ identifying: true, tables: ['network'] }), await store.researchTables({ identifying: true, tables: kring.RESEARCH_TABLES })]
  console.log(version, names, view.phase, history.length, ids, plain.id, files.length, documents.length, kring.FORMAT_VERSION, Closed.name, kring.ROLES[0], tables.length)
}

export async function illTyped(store: Store, actor: Actor, c: Case, e: KringError): Promise<void> {
  const id = store.newId('case')
  // @ts-expect-error: no such command
  await store.execute(id, actor, 'no_such_command')
  // @ts-expect-error: a part that does not exist
  await store.execute(id, actor, 'begin_part', { part: 'lunch' })
  // @ts-expect-error: a missing field
  await store.execute(id, actor, 'raise_signal', { about: 'x' })
  // @ts-expect-error: a field of another command
  await store.execute(id, actor, 'begin_part', { present: [] })
  // @ts-expect-error: an unknown role
  const wizard: Actor = { person: 'person_x', role: 'wizard' }
  // @ts-expect-error: an unknown id kind
  store.newId('planet')
  // @ts-expect-error: a case has no such field
  console.log(c.nonsense)
  // @ts-expect-error: phases are codes of the lifecycle
  const phase: Case['phase'] = 'finished'
  // @ts-expect-error: an unknown query filter
  await store.query({ colour: 'red' })
  // @ts-expect-error: a store is opened, created or made in memory, not constructed
  new Store()
  // @ts-expect-error: an error's code is read-only
  e.code = 'other'
  // @ts-expect-error: a time is a Date or a string
  await store.caseAt(id, 1767225600000)
  // @ts-expect-error: a research key is bytes
  await store.researchTables({ key: 'secret' })
  // @ts-expect-error: no research table of that name
  await store.researchArrow({ identifying: true, tables: ['agreements'] })
  // @ts-expect-error: the tables are a list of names, not one
  await store.researchTables({ identifying: true, tables: 'cases' })
  // @ts-expect-error: an export's key is bytes too
  await store.exportCase(id, { key: 'secret' })
  // @ts-expect-error: the reader of a scoped export is an actor
  await store.exportCase(id, { reader: 'person_x' })
  // @ts-expect-error: documents are in Dutch or English only
  await store.planHtml(id, { lang: 'de' })
  // @ts-expect-error: a plan version is a number
  await store.planHtml(id, { version: '1' })
  // @ts-expect-error: the map has no versions
  await store.networkMap(id, { version: 1 })
  // @ts-expect-error: the map's language too
  const map: MapOptions = { lang: 'fr' }
  // @ts-expect-error: a document is text
  const html: number = await store.planHtml(id)
  console.log(wizard, phase, map, html)
}
