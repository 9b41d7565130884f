// Command xmod checks Fabrique's static transparency logs with an independent implementation: Go's
// golang.org/x/mod/sumdb/note (signed notes) and golang.org/x/mod/sumdb/tlog (Merkle tree and tiles).
// It uses only the standard library and golang.org/x/mod, so it builds offline from Debian's packaged
// sources (golang-golang-x-mod-dev) with GO111MODULE=off GOPATH=/usr/share/gocode.
//
// Usage:
//
//	xmod verify --dir DIR --vkey FILE [--old CHECKPOINT]   check a log written by `fabrique log append`
//	xmod write  --dir DIR --skey FILE --file LINES          write a log the Go way, for `fabrique log verify`
//	xmod keygen --name NAME --out DIR                       write NAME.key / NAME.vkey with note.GenerateKey
//
// It prints one line per check ("ok ..." or "FAIL ...") and exits 1 on any failure, 2 on a usage error.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var ok bool
	switch os.Args[1] {
	case "verify":
		ok = runVerify(os.Args[2:])
	case "write":
		ok = runWrite(os.Args[2:])
	case "keygen":
		ok = runKeygen(os.Args[2:])
	default:
		usage()
	}
	if !ok {
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: xmod verify --dir DIR --vkey FILE [--old CHECKPOINT]")
	fmt.Fprintln(os.Stderr, "       xmod write --dir DIR --skey FILE --file LINES")
	fmt.Fprintln(os.Stderr, "       xmod keygen --name NAME --out DIR")
	os.Exit(2)
}

// parseFlags parses a subcommand's flags and insists on the required ones.
func parseFlags(fs *flag.FlagSet, args []string, required ...string) {
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		usage()
	}
	for _, name := range required {
		if fs.Lookup(name).Value.String() == "" {
			fmt.Fprintf(os.Stderr, "xmod %s: --%s is required\n", fs.Name(), name)
			usage()
		}
	}
}

// report prints one check's outcome and returns whether it passed.
func report(name string, err error, detail string) bool {
	if err != nil {
		fmt.Printf("FAIL %s: %v\n", name, err)
		return false
	}
	fmt.Printf("ok   %s: %s\n", name, detail)
	return true
}
