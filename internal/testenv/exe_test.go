package testenv

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
)

// TestWriteExecutableNotBusy writes small programs and runs each at once,
// while other goroutines start processes without pause, as parallel
// scripts do: none may fail with "text file busy". With a plain
// os.WriteFile in its place, this failed within 20 rounds here.
func TestWriteExecutableNotBusy(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no shell scripts")
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				exec.Command(sh, "-c", ":").Run()
			}
		})
	}
	defer wg.Wait()
	defer close(stop)
	dir := t.TempDir()
	for i := range 200 {
		path := filepath.Join(dir, fmt.Sprint("prog", i))
		if err := WriteExecutable(path, []byte("#!/bin/sh\nexit 0\n")); err != nil {
			t.Fatal(err)
		}
		if err := exec.Command(path).Run(); err != nil {
			if errors.Is(err, syscall.ETXTBSY) {
				t.Fatalf("round %d: %v", i, err)
			}
			t.Fatal(err)
		}
		os.Remove(path)
	}
}
