/*
 * exo_wlcs.c: the wlcs (Wayland conformance suite) integration module for exo.
 *
 * wlcs loads this library and calls it for each test: create a server, start it, hand out
 * client sockets, move windows, inject pointer and touch input, stop it. Exo runs as a
 * separate process per test (node bin/tartine.js exo --wlcs-control PATH); it connects to a
 * socket this module listens on and answers one text command per line ("ok ..." or
 * "error ..."), only once the events the command caused have been flushed to the clients.
 * The protocol is in exo-server/src/wlcs/wlcs-driver.ts.
 *
 * To hide exo's start-up time, the next test's exo is launched while the current test runs.
 *
 * Environment: TARTINE_ROOT (the repository), TARTINE_NODE (node binary, default "node"),
 * XDG_RUNTIME_DIR (private directory for the sockets). test/wlcs/run.mjs sets them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <wayland-client-core.h>

/*
 * The integration ABI, declared from wlcs's documented layout (display_server.h, pointer.h,
 * touch.h of wlcs 1.5.0). Our own names; the field order and types are what matters.
 */
struct abi_extension { const char *name; uint32_t version; };
struct abi_descriptor { uint32_t version; size_t count; const struct abi_extension *extensions; };
struct abi_server {
	uint32_t version; /* 3 */
	void (*start)(struct abi_server *);
	void (*stop)(struct abi_server *);
	int (*create_client_socket)(struct abi_server *);
	void (*position_window_absolute)(struct abi_server *, struct wl_display *, struct wl_proxy *, int x, int y);
	void *(*create_pointer)(struct abi_server *);
	void *(*create_touch)(struct abi_server *);
	const struct abi_descriptor *(*get_descriptor)(const struct abi_server *);
	void (*start_on_this_thread)(struct abi_server *, void *event_loop);
};
struct abi_integration {
	uint32_t version; /* 1 */
	struct abi_server *(*create_server)(int argc, const char **argv);
	void (*destroy_server)(struct abi_server *);
};
struct abi_pointer {
	uint32_t version; /* 1 */
	void (*move_absolute)(struct abi_pointer *, wl_fixed_t x, wl_fixed_t y);
	void (*move_relative)(struct abi_pointer *, wl_fixed_t dx, wl_fixed_t dy);
	void (*button_up)(struct abi_pointer *, int button);
	void (*button_down)(struct abi_pointer *, int button);
	void (*destroy)(struct abi_pointer *);
};
struct abi_touch {
	uint32_t version; /* 1 */
	void (*down)(struct abi_touch *, wl_fixed_t x, wl_fixed_t y);
	void (*move)(struct abi_touch *, wl_fixed_t x, wl_fixed_t y);
	void (*up)(struct abi_touch *);
	void (*destroy)(struct abi_touch *);
};

#define TIMEOUT_MS 20000
#define MAX_FD 4096

/* One exo process: its pid, the socket it will connect to, then the connection. */
struct exo { pid_t pid; int listen_fd; int fd; char path[108]; };

static struct exo spare = { -1, -1, -1, "" };
static struct exo current = { -1, -1, -1, "" };
static int client_of_fd[MAX_FD]; /* exo's client id for each client socket we handed out */
static struct abi_extension extensions[64];
static char extension_names[4096];
static struct abi_descriptor descriptor = { 1, 0, extensions };
static int have_descriptor;

static void warn(const char *what, const char *detail)
{
	fprintf(stderr, "exo-wlcs: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* Launches exo; it connects to a fresh listening socket once it is up. */
static void launch(struct exo *e)
{
	static int serial;
	const char *dir = getenv("XDG_RUNTIME_DIR"), *root = getenv("TARTINE_ROOT");
	const char *node = getenv("TARTINE_NODE") ? getenv("TARTINE_NODE") : "node";
	char script[4096], wayland[108];
	if (!dir || !root) {
		warn("XDG_RUNTIME_DIR and TARTINE_ROOT must be set (use npm run conformance)", NULL);
		abort();
	}
	serial++;
	snprintf(e->path, sizeof e->path, "%s/exo-wlcs-%d-%d.ctl", dir, (int)getpid(), serial);
	snprintf(wayland, sizeof wayland, "%s/wayland-wlcs-%d-%d", dir, (int)getpid(), serial);
	snprintf(script, sizeof script, "%s/bin/tartine.js", root);

	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	memcpy(addr.sun_path, e->path, sizeof addr.sun_path - 1);
	unlink(e->path);
	e->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (e->listen_fd < 0 || bind(e->listen_fd, (struct sockaddr *)&addr, sizeof addr) < 0 ||
	    listen(e->listen_fd, 1) < 0) {
		warn("cannot listen on the control socket", strerror(errno));
		abort();
	}
	e->fd = -1;
	e->pid = fork();
	if (e->pid == 0) {
		/* Only async-signal-safe calls here: wlcs may have other threads. */
		int null_fd = open("/dev/null", O_RDWR);
		dup2(null_fd, 0);
		dup2(null_fd, 1);
		/* No client socket of wlcs may stay open in exo, or disconnects would go unseen. */
		for (int fd = 3; fd < MAX_FD; fd++) close(fd);
		execlp(node, node, script, "exo", "--headless", "--socket", wayland, "--wlcs-control", e->path, (char *)NULL);
		_exit(127);
	}
}

/* Waits for exo to connect and say "ready". Returns 0, or -1 if it died or timed out. */
static int read_line(struct exo *e, char *line, size_t size, int *fd_out);

static int accept_exo(struct exo *e)
{
	if (e->fd >= 0) return 0;
	long deadline = now_ms() + TIMEOUT_MS;
	struct pollfd p = { e->listen_fd, POLLIN, 0 };
	while (poll(&p, 1, 100) == 0 || !(p.revents & POLLIN)) {
		if (waitpid(e->pid, NULL, WNOHANG) == e->pid) {
			e->pid = -1;
			warn("exo exited before connecting (run `npm run build`; exo's errors are above)", NULL);
			return -1;
		}
		if (now_ms() > deadline) {
			warn("exo did not connect in time", NULL);
			return -1;
		}
	}
	e->fd = accept4(e->listen_fd, NULL, NULL, SOCK_CLOEXEC);
	close(e->listen_fd);
	e->listen_fd = -1;
	unlink(e->path);
	char line[64];
	if (e->fd < 0 || read_line(e, line, sizeof line, NULL) < 0 || strcmp(line, "ready") != 0) {
		warn("exo did not say ready", NULL);
		return -1;
	}
	return 0;
}

/* Ends an exo: hanging up tells it to quit; it gets killed if it does not. */
static void finish(struct exo *e)
{
	int connected = e->fd >= 0;
	if (e->fd >= 0) close(e->fd);
	if (e->listen_fd >= 0) close(e->listen_fd);
	if (e->path[0]) unlink(e->path);
	e->fd = e->listen_fd = -1;
	e->path[0] = 0;
	if (e->pid <= 0) return;
	if (!connected) kill(e->pid, SIGTERM); /* a spare still starting up: nothing to shut down */
	long deadline = now_ms() + 3000;
	while (waitpid(e->pid, NULL, WNOHANG) == 0) {
		if (now_ms() > deadline) {
			kill(e->pid, SIGKILL);
			waitpid(e->pid, NULL, 0);
			break;
		}
		usleep(2000);
	}
	e->pid = -1;
}

/* Reads one reply line (and the fd riding on it, if fd_out). */
static int read_line(struct exo *e, char *line, size_t size, int *fd_out)
{
	size_t len = 0;
	if (fd_out) *fd_out = -1;
	while (len == 0 || line[len - 1] != '\n') {
		struct pollfd p = { e->fd, POLLIN, 0 };
		if (poll(&p, 1, TIMEOUT_MS) <= 0) return -1;
		char control[CMSG_SPACE(sizeof(int))];
		struct iovec iov = { line + len, size - 1 - len };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control };
		ssize_t n = recvmsg(e->fd, &msg, MSG_CMSG_CLOEXEC);
		if (n <= 0) return -1;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
				int fd;
				memcpy(&fd, CMSG_DATA(c), sizeof fd);
				if (fd_out && *fd_out < 0) *fd_out = fd;
				else close(fd);
			}
		len += (size_t)n;
		if (len >= size - 1) return -1;
	}
	line[len - 1] = 0;
	return 0;
}

/* Sends a command to the running exo and waits for its answer; returns the text after "ok". */
static const char *command(const char *cmd, int *fd_out)
{
	static char line[8192];
	struct exo *e = current.fd >= 0 ? &current : &spare;
	if (e->fd < 0 && accept_exo(e) < 0) return NULL;
	size_t len = strlen(cmd);
	if (send(e->fd, cmd, len, MSG_NOSIGNAL) != (ssize_t)len || send(e->fd, "\n", 1, MSG_NOSIGNAL) != 1 ||
	    read_line(e, line, sizeof line, fd_out) < 0) {
		warn(cmd, "exo did not answer (it crashed or hung; see its errors above)");
		return NULL;
	}
	if (strncmp(line, "ok", 2) == 0) return line[2] == ' ' ? line + 3 : line + 2;
	warn(cmd, line);
	return NULL;
}

static void commandf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void commandf(const char *fmt, ...)
{
	char cmd[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	command(cmd, NULL);
}

/* --- server ------------------------------------------------------------------------------ */

static void server_start(struct abi_server *s)
{
	(void)s;
	if (spare.pid < 0) launch(&spare);
	current = spare;
	spare = (struct exo){ -1, -1, -1, "" };
	if (accept_exo(&current) < 0) return;
	launch(&spare); /* starts up while this test runs */
}

static void server_stop(struct abi_server *s)
{
	(void)s;
	finish(&current);
}

static int create_client_socket(struct abi_server *s)
{
	(void)s;
	int fd;
	const char *id = command("client", &fd);
	if (!id || fd < 0) return -1;
	/* libwayland-client expects a blocking socket. */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (fd < MAX_FD) client_of_fd[fd] = atoi(id);
	return fd;
}

static void position_window_absolute(struct abi_server *s, struct wl_display *display, struct wl_proxy *surface, int x, int y)
{
	(void)s;
	int fd = wl_display_get_fd(display);
	commandf("position %d %u %d %d", fd >= 0 && fd < MAX_FD ? client_of_fd[fd] : 0, wl_proxy_get_id(surface), x, y);
}

static const struct abi_descriptor *get_descriptor(const struct abi_server *s)
{
	(void)s;
	if (have_descriptor) return &descriptor;
	if (spare.pid < 0) launch(&spare);
	const char *list = command("globals", NULL);
	if (!list) {
		/* An empty list would turn every test into a skip: fail loudly instead. */
		warn("cannot ask exo for its globals", NULL);
		abort();
	}
	have_descriptor = 1;
	strncpy(extension_names, list, sizeof extension_names - 1);
	/* "name:version name:version ..." */
	for (char *save = NULL, *w = strtok_r(extension_names, " ", &save); w && descriptor.count < 64;
	     w = strtok_r(NULL, " ", &save)) {
		char *colon = strchr(w, ':');
		if (!colon) continue;
		*colon = 0;
		extensions[descriptor.count++] = (struct abi_extension){ w, (uint32_t)atoi(colon + 1) };
	}
	return &descriptor;
}

/* --- pointer and touch ------------------------------------------------------------------- */

static void pointer_move_absolute(struct abi_pointer *p, wl_fixed_t x, wl_fixed_t y) { (void)p; commandf("motion %d %d", x, y); }
static void pointer_move_relative(struct abi_pointer *p, wl_fixed_t dx, wl_fixed_t dy) { (void)p; commandf("motion_relative %d %d", dx, dy); }
static void pointer_button_down(struct abi_pointer *p, int button) { (void)p; commandf("button %d 1", button); }
static void pointer_button_up(struct abi_pointer *p, int button) { (void)p; commandf("button %d 0", button); }
static void pointer_destroy(struct abi_pointer *p) { free(p); }

static void *create_pointer(struct abi_server *s)
{
	(void)s;
	struct abi_pointer *p = calloc(1, sizeof *p);
	*p = (struct abi_pointer){ 1, pointer_move_absolute, pointer_move_relative, pointer_button_up, pointer_button_down, pointer_destroy };
	return p;
}

/*
 * Each wlcs touch device is one finger: its touch point id in exo. wlcs 1.5.0 passes whole
 * pixels where the ABI says wl_fixed_t (its Touch::down_at(int, int) hands the ints straight
 * through), so they are converted here.
 */
struct touch { struct abi_touch abi; int id; };

static void touch_down(struct abi_touch *t, wl_fixed_t x, wl_fixed_t y) { commandf("touch_down %d %d %d", ((struct touch *)t)->id, x * 256, y * 256); }
static void touch_move(struct abi_touch *t, wl_fixed_t x, wl_fixed_t y) { commandf("touch_motion %d %d %d", ((struct touch *)t)->id, x * 256, y * 256); }
static void touch_up(struct abi_touch *t) { commandf("touch_up %d", ((struct touch *)t)->id); }
static void touch_destroy(struct abi_touch *t) { free(t); }

static void *create_touch(struct abi_server *s)
{
	(void)s;
	static int next_id;
	struct touch *t = calloc(1, sizeof *t);
	t->abi = (struct abi_touch){ 1, touch_down, touch_move, touch_up, touch_destroy };
	t->id = next_id++;
	return t;
}

/* --- entry point ------------------------------------------------------------------------- */

static struct abi_server *create_server(int argc, const char **argv)
{
	(void)argc;
	(void)argv;
	struct abi_server *s = calloc(1, sizeof *s);
	*s = (struct abi_server){ 3, server_start, server_stop, create_client_socket, position_window_absolute,
				  create_pointer, create_touch, get_descriptor, NULL };
	return s;
}

static void destroy_server(struct abi_server *s)
{
	free(s);
}

__attribute__((destructor)) static void unload(void)
{
	finish(&current);
	finish(&spare);
}

__attribute__((visibility("default"))) const struct abi_integration wlcs_server_integration = { 1, create_server, destroy_server };
