import kring from './index.js'

export const {
  Store,
  ROLES,
  ID_KINDS,
  FORMAT_VERSION,
  LIMITS,
  KringError,
  RuleViolation,
  PermissionDenied,
  NotFound,
  InvalidInput,
  Conflict,
  StoreError,
  AlreadyOpen,
  AlreadyExists,
  Corrupted,
  UpgradeRequired,
  NotAKringStore,
  Closed,
} = kring
export default kring
