// rxhpo/report: the HTML report and the live dashboard. Its own entry, so that only programs that draw
// reports load the report code, and plotly.js (a dependency, read from disk) is loaded only here.
export type {
  ReportModel,
  ReportModelOptions,
  ReportParam,
  ReportState,
  ReportTrials,
  ReportCurves,
  ReportContour,
  ReportFork,
} from './reportModel.js';
export { reportModel } from './reportModel.js';
export type { ReportHtmlOptions } from './reportHtml.js';
export { reportHtml } from './reportHtml.js';
export type { WriteReportOptions } from './writeReport.js';
export { loadPlotly, writeReport, reportFromJournal, PlotlyMissingError } from './writeReport.js';
export type { DashboardOptions, DashboardServer } from './dashboardServer.js';
export { startDashboard } from './dashboardServer.js';
export type { FollowJournalOptions, JournalFollower, JournalFollowerHandlers } from './journalFollower.js';
export { followJournal } from './journalFollower.js';
export type { ServeDashboardOptions } from './serveDashboard.js';
export { serveDashboard } from './serveDashboard.js';
export type { ImportanceObservation, ParamImportance, PedAnovaOptions } from '../../strategies/importance/pedAnova.js';
export { pedAnova } from '../../strategies/importance/pedAnova.js';
