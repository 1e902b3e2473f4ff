//go:build !linux

package pipeline

func hugePagesOnRequest() bool { return false }

func adviseHugePages([]byte) uintptr { return 0 }
