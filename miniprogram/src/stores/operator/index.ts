// The operator's stores, made on first use by the operator's pages (a subpackage), so
// neither their code nor their state weighs on the main package or on other people.
import { lazyStore } from '../index';
import { CatalogueStore } from './catalogue';
import { HeldListStore } from './held';
import { ImporterStore } from './importer';
import { ReportForStore } from './report-for';
import { SettingsStore } from './settings';
import { SuppliersStore } from './suppliers';

export const useSuppliers = lazyStore(() => new SuppliersStore());
export const useCatalogue = lazyStore(() => new CatalogueStore());
export const useSettings = lazyStore(() => new SettingsStore());
export const useHeldList = lazyStore(() => new HeldListStore());
export const useReportFor = lazyStore(() => new ReportForStore());
export const useImporter = lazyStore(() => new ImporterStore());
