package classify

import (
	"encoding/json"
	"math"
)

// MarshalJSON writes the reason with missing (NaN) or infinite inputs as
// null: encoding/json refuses non-finite numbers, and a reason must always
// be explainable, including for customers with no purchase.
func (r Reason) MarshalJSON() ([]byte, error) {
	type plain struct {
		Class  string              `json:"class"`
		Inputs map[string]*float64 `json:"inputs,omitempty"`
		Zh     string              `json:"zh"`
		En     string              `json:"en"`
	}
	p := plain{Class: r.Class, Zh: r.Zh, En: r.En}
	if len(r.Inputs) > 0 {
		p.Inputs = make(map[string]*float64, len(r.Inputs))
		for k, v := range r.Inputs {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				p.Inputs[k] = nil
				continue
			}
			v := v
			p.Inputs[k] = &v
		}
	}
	return json.Marshal(p)
}

// UnmarshalJSON reads what MarshalJSON wrote (null inputs become NaN).
func (r *Reason) UnmarshalJSON(b []byte) error {
	var p struct {
		Class  string              `json:"class"`
		Inputs map[string]*float64 `json:"inputs"`
		Zh     string              `json:"zh"`
		En     string              `json:"en"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*r = Reason{Class: p.Class, Zh: p.Zh, En: p.En}
	if p.Inputs != nil {
		r.Inputs = make(map[string]float64, len(p.Inputs))
		for k, v := range p.Inputs {
			if v == nil {
				r.Inputs[k] = math.NaN()
			} else {
				r.Inputs[k] = *v
			}
		}
	}
	return nil
}
