#!/bin/sh
# Renders an order's invoice, then hands it to the mailer in the background and returns at once, as
# many real scripts do. The background job outlives this script: an orphan, re-parented to PID 1
# (the JVM in a container), which must reap it when it ends or it stays a zombie.
# Usage: render-invoice.sh ID ITEM QUANTITY TOTAL DIR
set -eu
id=$1 item=$2 quantity=$3 total=$4 dir=$5
file="$dir/invoice-$id.txt"
{
	echo "INVOICE $id"
	echo "$quantity x $item"
	echo "TOTAL $total EUR"
	date -u '+%Y-%m-%dT%H:%M:%SZ'
} > "$file"
# "Mail" it later; do not wait for it.
(
	sleep "${INVOICE_MAIL_DELAY:-2}"
	gzip -c "$file" > "$file.gz"
	echo "mailed $file" >> "$dir/outbox.log"
) > /dev/null 2>&1 &
echo "$file"
