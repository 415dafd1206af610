/** Country mentions, countries targeted, and the geo lexicon. */
export {
  findGeoMentions,
  findTargetedCountries,
  type GeoMention,
  type TargetedCountry,
} from './extract-geo.js';
export { compileGeoLexicon, type GeoEntry, type GeoLexicon } from './geo-lexicon.js';
