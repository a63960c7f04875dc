// panama-sockets in jshell: loaded by scripts/jshell after jshell's DEFAULT imports.
// The raw generated bindings, as C names them: socket(AF_INET(), SOCK_STREAM(), 0), sockaddr_in.sin_port(sa, ...).
import static io.github.panamasockets.bindings.linux.x86_64.sockets_h.*;
import io.github.panamasockets.bindings.linux.x86_64.*;
// The idiomatic layer: PosixSocket, SockaddrIn, Posix (the raw calls with errno), Errno, ArpaInet, ...
// Its constants are fields (AF_INET), the bindings' are methods (AF_INET()): both imports live side by side.
// ArpaInet is not imported statically: its htons/htonl would clash with the bindings' of the same names.
import io.github.panamasockets.*;
import static io.github.panamasockets.SocketConstants.*;
import java.lang.foreign.*;
// Where a jshell user types literals, the C functions behave as C's do with C's integer conversions: htons takes
// an int (htons(8080); the binding's takes a short) and gives the short that sin_port wants; ntohs gives the port
// as an int in 0..65535; strerror and gai_strerror give the text, not a pointer to C's table. Declared here, they
// take the place of the bindings' functions of the same signature, and add htons(int) beside htons(short).
short htons(int hostshort) { return (short) ArpaInet.htons(hostshort); }
int ntohs(short netshort) { return ArpaInet.ntohs(netshort); }
String strerror(int errnum) { return Errno.strerror(errnum); }
String gai_strerror(int ecode) { return Netdb.gai_strerror(ecode); }
