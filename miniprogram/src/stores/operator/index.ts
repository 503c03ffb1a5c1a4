// The operator's stores, made on first use by the operator's pages (a subpackage), so
// neither their code nor their state weighs on the main package or on other people.
import { lazyStore } from '../index';
import { CatalogueStore } from './catalogue';
import { HeldListStore } from './held';
import { ImporterStore } from './importer';
import { PeopleStore } from './people';
import { ReportForStore } from './report-for';
import { SettingsStore } from './settings';
import { SuppliersStore } from './suppliers';
import { OperatorTasksStore } from './tasks';
import { StocktakeListStore } from '../stocktake-list';
import { WaveListStore } from '../waves';

export const useSuppliers = lazyStore(() => new SuppliersStore());
export const useCatalogue = lazyStore(() => new CatalogueStore());
export const useSettings = lazyStore(() => new SettingsStore());
export const useHeldList = lazyStore(() => new HeldListStore());
export const useReportFor = lazyStore(() => new ReportForStore());
export const useImporter = lazyStore(() => new ImporterStore());
export const usePeople = lazyStore(() => new PeopleStore());
export const useOperatorTasks = lazyStore(() => new OperatorTasksStore());
export const useOperatorWaves = lazyStore(() => new WaveListStore('operator'));
export const useOperatorStocktakes = lazyStore(() => new StocktakeListStore('operator'));
