// Command strata is Strata's single binary; everything happens in
// internal/cli.
package main

import (
	"os"

	"strata/internal/cli"
)

func main() { os.Exit(cli.Run(os.Args, os.Stdin, os.Stdout, os.Stderr)) }
