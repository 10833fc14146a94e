package clv

import "testing"

func TestScratch(t *testing.T) {
	m := BGNBD{R: 0.24259452243063476, Alpha: 4.4136020190089145, A: 0.7929220168034946, B: 2.4259067751948296}
	t.Log(m.ExpectedPurchases(39, 0, 0, 38.857142857142854), m.ExpectedPurchases(39, 0, 0, 27), m.ExpectedPurchases(39, 2, 30.428571428571427, 38.857142857142854), m.ExpectedPurchases(39, 10, 35, 38))
}
