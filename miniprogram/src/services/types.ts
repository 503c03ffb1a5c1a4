// The wire types come from the functions themselves (types only: nothing from the
// server is bundled into the app), so a change on either side fails the type check.
export type {
  AvailabilityItem,
  DemoIdentity,
  Freshness,
  PlacedLine,
  PlaceOrderResult,
  ReportReceipt,
  ShortageDetails,
  SignInResult,
  SupplierSkuView,
  UserView,
  WhoAmI,
} from '../../../cloudfunctions/src/handlers/api-types';
export type { ErrorCode, Issue } from '../../../cloudfunctions/src/domain/errors';
export type { Role } from '../../../cloudfunctions/src/domain/model';
export type { FunctionName } from '../../../cloudfunctions/src/handlers/registry';
