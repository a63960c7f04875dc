# Shared by every script in scripts/: find a JDK >= 22 and, when asked, jextract.
# Source it; it defines functions and sets nothing else.

# The oldest JDK the library serves: java.lang.foreign is final from 22.
PANAMA_MIN_JDK=22

panama_root() {
  cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd
}

# Prints the feature version (17, 22, 25, ...) of the java binary given, or nothing.
jdk_feature_version() {
  local java="$1" v
  [ -x "$java" ] || return 1
  v=$("$java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
  [ -n "$v" ] || return 1
  echo "${v%%.*}"
}

# Sets JAVA_HOME to the first JDK >= 22 found in JAVA_HOME, then on PATH, then in the usual install
# folders (newest name first). Says clearly, and fails, when there is none.
find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  while IFS= read -r c; do candidates+=("$c"); done < <(
    ls -d /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
          "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home 2>/dev/null | sort -V -r)
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/javac" ] || continue
    v=$(jdk_feature_version "$c/bin/java") || continue
    if [ "$v" -ge "$PANAMA_MIN_JDK" ]; then
      export JAVA_HOME="$c"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "panama-sockets needs a JDK $PANAMA_MIN_JDK or newer, and none was found in JAVA_HOME, on PATH or under /usr/lib/jvm, /usr/java, /opt; install one (e.g. Temurin 25) or point JAVA_HOME at it." >&2
  return 1
}

# Prints the path of a jextract launcher: $JEXTRACT, then PATH, then /opt/jextract/bin/jextract.
find_jextract() {
  if [ -n "${JEXTRACT:-}" ] && [ -x "$JEXTRACT" ]; then echo "$JEXTRACT"; return 0; fi
  if command -v jextract >/dev/null 2>&1; then command -v jextract; return 0; fi
  for c in /opt/jextract/bin/jextract "$HOME"/jextract*/bin/jextract; do
    [ -x "$c" ] && { echo "$c"; return 0; }
  done
  return 1
}

# The Maven the scripts run: the project's wrapper, which fetches the version pinned in
# .mvn/wrapper/maven-wrapper.properties from Maven Central once and reuses it from ~/.m2/wrapper.
maven_version() {
  sed -n 's|^distributionUrl=.*/apache-maven-\([0-9.]*\)-bin\.zip$|\1|p' \
    "$(panama_root)/.mvn/wrapper/maven-wrapper.properties"
}

# One line: which JDK and which Maven run.
announce_tools() {
  local version
  version=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.runtime\.version = //p' | head -n 1)
  echo "panama-sockets: JDK $version at $JAVA_HOME, Maven $(maven_version) (./mvnw)"
}

# Runs Maven through the wrapper with the JDK found above. It prints warnings and errors only (a failing test,
# a Javadoc warning), unless PANAMA_VERBOSE is set.
run_maven() {
  local level=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn --no-transfer-progress)
  [ -n "${PANAMA_VERBOSE:-}" ] && level=()
  "$(panama_root)/mvnw" -B -Dstyle.color=never "${level[@]}" -f "$(panama_root)/pom.xml" "$@"
}

# Prints one line counting the tests in the Surefire and Failsafe reports written after the file $1: run,
# failed (failures and errors), skipped, and the seconds given in $2.
test_summary() {
  local since="$1" seconds="$2" root
  root=$(panama_root)
  { find "$root/target/surefire-reports" "$root/target/failsafe-reports" -name 'TEST-*.xml' -newer "$since" \
      2>/dev/null || true; } | sort | while IFS= read -r report; do
    # The <testsuite ...> element of each report: its counting attributes, in any order.
    sed -n '/<testsuite[ >]/{p;q}' "$report" | tr ' ' '\n' |
      sed -n 's/^\(tests\|failures\|errors\|skipped\)="\([0-9]*\)".*/\1 \2/p' |
      sed "s|^|${report#"$root"/target/} |"
  done | awk -v seconds="$seconds" '
    { kind = ($1 ~ /^failsafe/) ? "integration" : "unit"; n[kind, $2] += $3; n[$2] += $3 }
    END {
      if (n["tests"] == 0) { print "panama-sockets: no tests ran"; exit }
      printf "panama-sockets: %d tests run (%d unit, %d integration), %d failed, %d skipped, in %d min %02d s\n",
        n["tests"], n["unit", "tests"], n["integration", "tests"], n["failures"] + n["errors"], n["skipped"],
        seconds / 60, seconds % 60
    }'
}

# The JVM flags that grant native access to the library's module, and on JDK 24+ make a missing grant an error.
native_access_flags() {
  local flags="--enable-native-access=io.github.panamasockets"
  if [ "$(jdk_feature_version "$JAVA_HOME/bin/java")" -ge 24 ]; then
    flags="$flags --illegal-native-access=deny"
  fi
  echo "$flags"
}

# Prints a platform's args file without comments and blank lines, with each line `@file` replaced by the
# lines of that file (in the same folder), so that platforms share one allow-list.
expand_args() {
  local dir="$1" file="$2" line
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line#"${line%%[![:space:]]*}"}"
    case "$line" in
      ''|'#'*) ;;
      @*) expand_args "$dir" "$dir/${line#@}" ;;
      *) echo "$line" ;;
    esac
  done < "$file"
}

# Writes the SHA-256 manifest of a generated package: every .java file with its hash, relative to the source root.
write_manifest() {
  local src_root="$1" package_path="$2" manifest="$3"
  mkdir -p "$(dirname "$manifest")"
  (cd "$src_root" && find "$package_path" -type f -name '*.java' | LC_ALL=C sort | xargs sha256sum) > "$manifest"
}
