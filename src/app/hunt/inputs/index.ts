/** Log files → per-record FlatEvent results (folders, recursion, .gz, format sniffing). */
export { type EvtxRecordReader, readEvtxRecords } from './evtx-records.js';
export { isLogFileName, LOG_FILE_EXTENSIONS, type LogFileEntry, listLogFiles } from './log-files.js';
export {
  detectLogFileFormat,
  type FileReadSummary,
  parseLogFormatOption,
  type ReadLogOptions,
  readLogEvents,
  readLogFile,
  readLogFileBatches,
} from './read-log-events.js';
