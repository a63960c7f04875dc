# Turns clang's -fdump-record-layouts output into the record/field/bits lines of a .clang-facts file.
# Variables: keep (" name name ... ": the records to print), prefix (put before each record's name).
/^\*\*\* Dumping AST Record Layout/ { inrec = 0; header = 1; next }
header && /\|/ {
  header = 0
  name = $0; sub(/^[^|]*\| */, "", name); sub(/^(struct|union) /, "", name)
  if (index(keep, " " name " ") == 0 || (name in seen)) next
  seen[name] = 1; inrec = 1; rec = prefix name; nlines = 0; next
}
inrec && /\[sizeof=/ {
  size = $0; sub(/.*sizeof=/, "", size); sub(/,.*/, "", size)
  align = $0; sub(/.*align=/, "", align); sub(/[,\]].*/, "", align)
  print "record", rec, size, align
  for (i = 1; i <= nlines; i++) print lines[i]
  inrec = 0; next
}
inrec && /\|/ {
  left = $0; sub(/\|.*/, "", left); gsub(/ /, "", left)
  right = $0; sub(/^[^|]*\| /, "", right)
  match(right, /^ */); depth = RLENGTH / 2
  member = right; sub(/^ */, "", member)
  n = split(member, w, " "); field = w[n]
  if (field ~ /\)$/ || field ~ /^\(/) field = ""          # an unnamed struct or union: its members belong to the parent
  path[depth] = field
  p = ""
  for (d = 1; d <= depth; d++) if (path[d] != "") p = (p == "" ? path[d] : p "." path[d])
  if (field == "") next
  if (left ~ /:/) {
    split(left, a, ":"); split(a[2], b, "-")
    lines[++nlines] = "bits " rec " " p " " a[1] " " b[1] " " b[2]
  } else {
    lines[++nlines] = "field " rec " " p " " left
  }
}
