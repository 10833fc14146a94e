package demo

// appendPadded appends v in decimal, left-padded with zeros to width digits.
// The generator builds every id with it instead of fmt, which would dominate
// the cost of a line.
func appendPadded(b []byte, v, width int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for v >= 10 {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	i--
	tmp[i] = byte('0' + v)
	for n := len(tmp) - i; n < width; n++ {
		b = append(b, '0')
	}
	return append(b, tmp[i:]...)
}

// customerNumberWidth is the minimum number of digits in customer ids.
const customerNumberWidth = 6

// CustomerID returns the id of the customer with 0-based index i (C000001
// for 0). It does not depend on how many customers are generated.
func CustomerID(i int) string {
	return string(appendPadded([]byte{'C'}, i+1, customerNumberWidth))
}
