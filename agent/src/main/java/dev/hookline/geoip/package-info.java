/**
 * IP geolocation from a MaxMind-format (.mmdb) database the user points to (GeoLite2-City, what Kusto's
 * geo_info_from_ip_address uses). Hookline ships no database: without one, KQL's geo function answers an empty bag.
 */
package dev.hookline.geoip;
