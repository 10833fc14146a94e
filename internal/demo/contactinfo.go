package demo

// Builders of personal contact strings. Each appends into the generator's
// scratch buffer and allocates only the final string.

// mobile returns an 11-digit mainland mobile number.
func (g *generator) mobile() string {
	b := append(g.buf[:0], mobilePrefixes[g.r.IntN(len(mobilePrefixes))]...)
	b = appendPadded(b, g.r.IntN(100_000_000), 8)
	g.buf = b
	return string(b)
}

// chineseEmail returns a pinyin-based or QQ-number address.
func (g *generator) chineseEmail(sn, gn string, birthYear int) string {
	r := g.r
	domain := zhDomains[zhDomainWeights.pick(r)]
	b := g.buf[:0]
	switch u := r.Float64(); {
	case domain == "qq.com" && u < 0.6:
		b = appendPadded(b, between(r, 10_000, 999_999_999), 0) // QQ numbers
	case u < 0.35:
		b = append(append(b, sn...), gn...)
		if chance(r, 0.5) {
			b = appendPadded(b, birthYear, 4)
		} else {
			b = appendPadded(b, r.IntN(1000), 2)
		}
	case u < 0.6:
		b = append(append(append(b, gn...), '.'), sn...)
	case u < 0.8:
		b = append(append(b, sn[0]), gn...)
		b = appendPadded(b, r.IntN(10000), 2)
	default:
		b = append(append(append(b, sn...), '_'), gn...)
	}
	b = append(append(b, '@'), domain...)
	g.buf = b
	return string(b)
}

// englishEmail returns an address from an English name, lower-cased.
func (g *generator) englishEmail(first, last string) string {
	r := g.r
	domain := enDomains[enDomainWeights.pick(r)]
	b := g.buf[:0]
	switch u := r.Float64(); {
	case u < 0.4:
		b = append(append(append(b, first...), '.'), last...)
	case u < 0.65:
		b = appendPadded(append(append(b, first...), last...), r.IntN(100), 2)
	case u < 0.85:
		b = append(append(append(b, first[0]), '.'), last...)
	default:
		b = append(append(append(b, first...), '_'), last...)
	}
	b = lowerASCII(b)
	b = append(append(b, '@'), domain...)
	g.buf = b
	return string(b)
}

// lowerASCII lower-cases b in place.
func lowerASCII(b []byte) []byte {
	for i, ch := range b {
		if 'A' <= ch && ch <= 'Z' {
			b[i] = ch + 'a' - 'A'
		}
	}
	return b
}

// address returns a street address in the customer's city: province (unless
// the city is a municipality), city, street and number, then a flat or, for
// companies, an office floor.
func (g *generator) address(office bool) string {
	r := g.r
	ct := &cities[g.p.city]
	b := g.buf[:0]
	if !municipality(ct.province) {
		b = append(b, ct.province...)
	}
	b = append(append(b, ct.name...), "市"...)
	b = append(b, streets[r.IntN(len(streets))]...)
	b = appendPadded(b, between(r, 1, 999), 0)
	b = append(b, "号"...)
	switch {
	case office:
		b = append(b, buildings[r.IntN(len(buildings))]...)
		b = appendPadded(b, between(r, 2, 38), 0)
		b = append(b, "层"...)
	case chance(r, 0.7):
		b = appendPadded(b, between(r, 1, 30), 0)
		b = append(b, "栋"...)
		if chance(r, 0.5) {
			b = appendPadded(b, between(r, 1, 4), 0)
			b = append(b, "单元"...)
		}
		b = appendPadded(b, between(r, 1, 33), 0)
		b = appendPadded(b, between(r, 1, 6), 2)
		b = append(b, "室"...)
	}
	g.buf = b
	return string(b)
}
