/** IOC sweeps: IOC files (STIX 2.1, MISP JSON, CSV, plain lists) → one compiled matcher over flat events. */
export {
  guessIocType,
  hashTypeOf,
  IOC_TYPES,
  type IocEntry,
  type IocType,
  iocTypeFromName,
  normaliseIoc,
  refang,
} from './ioc-entry.js';
export { dedupeIocs, IOC_FILE_FORMATS, type IocFile, type IocFileFormat, parseIocFile } from './ioc-file.js';
export { compileIocMatcher, type IocHit, type IocMatcher, type IocMatcherOptions } from './ioc-matcher.js';
export { type CidrRange, CidrSet, type IpAddress, parseCidr, parseIp } from './ip-address.js';
export { type IocParseResult, mispEvents, parseMispIocs, parseStixIocs } from './parse-ioc-json.js';
export { looksLikeCsvHeader, parseCsv, parseCsvIocs, parseListIocs } from './parse-ioc-text.js';
