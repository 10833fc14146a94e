package ingest

import "time"

// zoneCache turns civil times into instants in one zone faster than
// time.Date(…, loc), which searches the zone's transitions on every call:
// it remembers each calendar day's UTC offset. A day whose offset is not
// the same at its first and last second (a DST change) is never cached and
// goes through time.Date, so results are identical to civil.instant.
type zoneCache struct {
	loc     *time.Location
	days    map[int32]int32 // yyyymmdd → offset in seconds
	lastKey int32           // the previous lookup, which sorted files repeat
	lastOff int32
}

// maxZoneCacheDays bounds the cache; a file spanning more days than this
// still reads correctly, only slower.
const maxZoneCacheDays = 1 << 16

func newZoneCache(loc *time.Location) *zoneCache {
	return &zoneCache{loc: loc, days: make(map[int32]int32)}
}

func (z *zoneCache) instant(c civil) time.Time {
	if c.hasZone {
		return c.instant(z.loc)
	}
	key := int32(c.year*10000 + c.month*100 + c.day)
	off, ok := z.lastOff, key == z.lastKey
	if !ok {
		off, ok = z.days[key]
	}
	if !ok {
		_, o1 := time.Date(c.year, time.Month(c.month), c.day, 0, 0, 0, 0, z.loc).Zone()
		_, o2 := time.Date(c.year, time.Month(c.month), c.day, 23, 59, 59, 0, z.loc).Zone()
		if o1 != o2 || len(z.days) >= maxZoneCacheDays {
			return c.instant(z.loc)
		}
		off = int32(o1)
		z.days[key] = off
	}
	z.lastKey, z.lastOff = key, off
	return time.Date(c.year, time.Month(c.month), c.day, c.hour, c.min, c.sec, c.nsec, time.UTC).
		Add(-time.Duration(off) * time.Second)
}
