package main

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// runVerify checks a C2SP log directory against a verifier key, the x/mod way:
//  1. note.Open the checkpoint with note.NewVerifier(vkey) and parse its body;
//  2. recompute the root with tlog.TreeHash over tlog.TileHashReader (which authenticates every tile
//     it loads against the checkpoint) and compare it with the checkpoint's;
//  3. decode every entry bundle and compare tlog.RecordHash(entry) with the authenticated leaf hashes;
//  4. with --old, prove consistency with tlog.ProveTree and check it with tlog.CheckTree.
func runVerify(args []string) bool {
	fs := flag.NewFlagSet("verify", flag.ExitOnError)
	dir := fs.String("dir", "", "log directory")
	vkeyPath := fs.String("vkey", "", "verifier key file")
	oldPath := fs.String("old", "", "older checkpoint the log must be consistent with")
	parseFlags(fs, args, "dir", "vkey")

	verifier, err := readVerifier(*vkeyPath)
	if !report("verifier key", err, fmt.Sprintf("%s+%08x", nameOf(verifier), hashOf(verifier))) {
		return false
	}
	cp, err := readCheckpoint(filepath.Join(*dir, "checkpoint"), verifier)
	if !report("checkpoint signature", err, fmt.Sprintf("%s size %d", cp.origin, cp.tree.N)) {
		return false
	}
	ok := report("origin is the key name", sameOrigin(cp.origin, verifier.Name()), cp.origin)

	tiles := &dirTileReader{dir: *dir}
	hashes := tlog.TileHashReader(cp.tree, tiles)
	ok = report("tree root", checkRoot(cp.tree, hashes), fmt.Sprintf("%x", cp.tree.Hash[:])) && ok
	count, err := checkEntries(*dir, cp.tree.N, hashes)
	ok = report("entries", err, fmt.Sprintf("%d entries in %d bundles match their leaf hashes",
		cp.tree.N, count)) && ok

	if *oldPath != "" {
		old, err := readCheckpoint(*oldPath, verifier)
		if err == nil {
			err = sameOrigin(old.origin, cp.origin)
		}
		ok = report("old checkpoint signature", err, fmt.Sprintf("size %d", old.tree.N)) && ok
		if err == nil {
			ok = report("consistency", checkConsistency(old.tree, cp.tree, hashes),
				fmt.Sprintf("size %d → %d", old.tree.N, cp.tree.N)) && ok
		}
	}
	report("tile reads", nil, fmt.Sprintf("%d tiles read", tiles.reads))
	if ok {
		fmt.Println("PASS")
	}
	return ok
}

func readVerifier(path string) (note.Verifier, error) {
	b, err := readLimited(path, 1<<16)
	if err != nil {
		return nil, err
	}
	return note.NewVerifier(strings.TrimSpace(string(b)))
}

func readCheckpoint(path string, v note.Verifier) (checkpoint, error) {
	b, err := readLimited(path, maxNoteSize)
	if err != nil {
		return checkpoint{}, err
	}
	return openCheckpoint(b, v)
}

func sameOrigin(got, want string) error {
	if got != want {
		return fmt.Errorf("origin %q, want %q", got, want)
	}
	return nil
}

// checkRoot recomputes the tree hash from the tiles (RFC 6962 §2.1) and compares it with the checkpoint.
func checkRoot(tree tlog.Tree, hashes tlog.HashReader) error {
	var root tlog.Hash
	if tree.N == 0 {
		root = sha256.Sum256(nil) // the hash of an empty tree
	} else {
		var err error
		if root, err = tlog.TreeHash(tree.N, hashes); err != nil {
			return fmt.Errorf("tlog.TreeHash: %w", err)
		}
	}
	if root != tree.Hash {
		return fmt.Errorf("recomputed root %x, checkpoint says %x", root[:], tree.Hash[:])
	}
	return nil
}

// checkEntries reads every entry bundle, one per level-0 tile, and compares each entry's record hash
// with its leaf hash as authenticated by the TileHashReader. It returns how many bundles it checked.
func checkEntries(dir string, size int64, hashes tlog.HashReader) (int, error) {
	bundles := 0
	for start := int64(0); start < size; start += 1 << tileHeight {
		width := size - start
		if width > 1<<tileHeight {
			width = 1 << tileHeight
		}
		tile := tlog.Tile{H: tileHeight, L: 0, N: start >> tileHeight, W: int(width)}
		path := entryBundlePath(tile)
		raw, err := readLimited(filepath.Join(dir, filepath.FromSlash(path)), width*(2+maxEntrySize))
		if err != nil {
			return bundles, err
		}
		entries, err := decodeEntryBundle(raw, int(width))
		if err != nil {
			return bundles, fmt.Errorf("%s: %w", path, err)
		}
		indexes := make([]int64, width)
		for i := range indexes {
			indexes[i] = tlog.StoredHashIndex(0, start+int64(i))
		}
		leaves, err := hashes.ReadHashes(indexes)
		if err != nil {
			return bundles, fmt.Errorf("leaf hashes of %s: %w", path, err)
		}
		for i, entry := range entries {
			if got := tlog.RecordHash(entry); !bytes.Equal(got[:], leaves[i][:]) {
				return bundles, fmt.Errorf("%s: entry %d hashes to %x, the tree has %x",
					path, start+int64(i), got[:], leaves[i][:])
			}
		}
		bundles++
	}
	return bundles, nil
}

// checkConsistency proves the old tree a prefix of the new one (RFC 6962 §2.1.2) from the new tree's
// authenticated tiles, then checks the proof against both roots.
func checkConsistency(old, tree tlog.Tree, hashes tlog.HashReader) error {
	switch {
	case old.N > tree.N:
		return fmt.Errorf("old size %d is larger than %d", old.N, tree.N)
	case old.N == 0:
		return nil // every tree extends the empty one
	}
	proof, err := tlog.ProveTree(tree.N, old.N, hashes)
	if err != nil {
		return fmt.Errorf("tlog.ProveTree: %w", err)
	}
	if err := tlog.CheckTree(proof, tree.N, tree.Hash, old.N, old.Hash); err != nil {
		return fmt.Errorf("tlog.CheckTree (%d-hash proof): %w", len(proof), err)
	}
	return nil
}

func nameOf(v note.Verifier) string {
	if v == nil {
		return ""
	}
	return v.Name()
}

func hashOf(v note.Verifier) uint32 {
	if v == nil {
		return 0
	}
	return v.KeyHash()
}
