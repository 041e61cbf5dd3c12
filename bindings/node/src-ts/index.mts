// The package as an ES module: the same exports as `require('kring')`, and the whole module as
// the default export (`import kring from 'kring'`).
import kring from './index.js'

export * from './index.js'
export default kring
