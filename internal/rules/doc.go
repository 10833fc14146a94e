// Package rules is Strata's segment rule language: users write conditions
// over customer metric fields to define custom segments and to filter
// customer lists. One AST has three back ends that are tested to agree:
// Eval (one Record), Bind (column slices, for a million customers per run)
// and SQL (a parameterized WHERE clause for SQLite and PostgreSQL).
//
// A rule can only name fields of the caller's Schema, and no text a user
// types ever reaches SQL: fields map through trusted SQLTarget expressions
// and every literal becomes a $N parameter.
//
// # Grammar
//
// Keywords and function names are case-insensitive; field names are not.
// White space is space, tab, CR and LF.
//
//	rule      = or .
//	or        = and { ( "or" | "||" | "或" ) and } .
//	and       = not { ( "and" | "&&" | "且" ) not } .
//	not       = ( "not" | "!" | "非" ) not | primary .
//	primary   = "(" or ")" | "true" | "false" | condition .
//	condition = field cmpop operand
//	          | field [ "not" ] "in" list
//	          | field "has" string                  (* StringSet fields *)
//	          | field "is" [ "not" ] "null"
//	          | field                               (* Bool fields: field = true *)
//	          | "within" "(" field "," duration ")" (* Date: ago(duration) <= field <= as-of *)
//	          | "contains" "(" field "," string ")" (* String: case-sensitive substring *)
//	cmpop     = "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=" .
//	operand   = literal | field .
//	list      = "[" literal { "," literal } [ "," ] "]"
//	          | "(" literal { "," literal } [ "," ] ")" .
//	literal   = number | string | "true" | "false"
//	          | "date" "(" string ")"               (* "YYYY-MM-DD" *)
//	          | "ago" "(" duration ")" .
//	number    = [ "-" ] digits [ "." digits ] [ ( "e" | "E" ) [ "+" | "-" ] digits ] .
//	duration  = digits ( "d" | "w" | "m" | "y" ) . (* no space before the unit *)
//	string    = `"` { char | escape } `"` | "'" { char | escape } "'" .
//	escape    = `\\` | `\"` | `\'` | `\n` | `\r` | `\t` | `\u` hex4 | `\u{` hex1-6 `}` .
//	field     = ( letter | "_" ) { letter | digit | "_" } . (* ASCII *)
//
// Precedence, loosest first: or, and, not, conditions. Both sides of a
// comparison have the same type; Bool allows only = and !=; StringSet only
// has. Digit separators (1_000) are refused.
//
// # Semantics
//
// Missing values (NaN numbers, absent strings, bools and dates) follow SQL
// exactly: any comparison with one is UNKNOWN, UNKNOWN propagates through
// and/or/not by SQL's truth tables, and a row is selected only when the rule
// is TRUE. So when x is missing neither x > 1 nor not (x > 1) selects it;
// use x is null to find it. has and is null are never UNKNOWN.
//
// Time is a parameter, never the clock. ago(d) is the as-of instant minus d
// in calendar terms: days and weeks are calendar days in the as-of location;
// months and years keep the day of month, clamped to the target month (one
// month before 31 March is the last day of February), because that is what
// "in the last 6 months" means to a business user and a fixed 30.44-day
// month would drift against the calendar. date("2025-01-31") is midnight
// of that day in the as-of location, so pass asOf in the business time zone.
// Dates compare at whole-second precision, like the Unix seconds stored in
// the database.
//
// # Bounds
//
// Source at most MaxLen bytes (also once canonically formatted), nesting at
// most MaxDepth and/or/not levels and parentheses, at most MaxNodes
// conditions plus operators, at most MaxListItems per in-list. Violations
// are *Error values with codes too_long, too_deep, too_many_nodes and
// too_many_items.
package rules
