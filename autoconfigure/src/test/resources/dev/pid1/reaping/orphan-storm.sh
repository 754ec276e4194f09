#!/bin/sh
# Orphan storm: double-forks $1 grandchildren that exit at once with code i % 256. Each one's
# parent (a subshell) exits first, so it is re-parented to the nearest subreaper, or PID 1.
n=${1:-2000}
i=0
while [ "$i" -lt "$n" ]; do
	( (exit $((i % 256))) & )
	i=$((i + 1))
done
