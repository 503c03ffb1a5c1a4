// The wire types come from the functions themselves (types only: nothing from the
// server is bundled into the app), so a change on either side fails the type check.
export type {
  AvailabilityItem,
  DemoIdentity,
  FileDownload,
  Freshness,
  HeldLineView,
  HeldView,
  HistoryEvent,
  ImportResult,
  IntakeResult,
  OperatorSkuView,
  PlacedLine,
  PlaceOrderResult,
  ReportReceipt,
  ReportSheet,
  ShortageDetails,
  SignInResult,
  SkuHistory,
  SupplierSkuView,
  SupplierView,
  UserView,
  WhoAmI,
} from '../../../cloudfunctions/src/handlers/api-types';
export type { HistoryPoint } from '../../../cloudfunctions/src/domain/history';
export type { ErrorCode, Issue } from '../../../cloudfunctions/src/domain/errors';
export type {
  BufferPolicy,
  BufferRule,
  HeldStatus,
  IntegrationLevel,
  JumpThreshold,
  ReportBasis,
  ReportSource,
  Role,
  Settings,
  Sku,
  Supplier,
  Tier,
} from '../../../cloudfunctions/src/domain/model';
export type { FunctionName } from '../../../cloudfunctions/src/handlers/registry';
