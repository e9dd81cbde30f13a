/* LD_PRELOAD shim for the ThreadSanitizer lane (scripts/sanitize.sh tsan): select() implemented
 * with poll().
 *
 * Why: TSan defers a signal handler until the thread next passes through one of its
 * interceptors, except while the thread is blocked in a call TSan knows to be blocking (poll,
 * read, sigsuspend...). gcc 12's libtsan does not intercept select(). The CLI tests run the tool
 * through itksysProcess (ITK's kwsys, not instrumented), which waits for the child in select()
 * for its SIGCHLD handler to write to a self-pipe: under TSan the handler never runs during that
 * select(), and the test hangs until kwsys' 600 s timeout. With select() turned into poll(),
 * TSan's poll interceptor delivers the signal and the wait ends as it should.
 * Built by scripts/sanitize.sh; used only for the tests of the TSan lane. */
#define _GNU_SOURCE
#include <poll.h>
#include <stddef.h>
#include <sys/select.h>

int
select(int nfds, fd_set * readfds, fd_set * writefds, fd_set * exceptfds, struct timeval * timeout)
{
  struct pollfd fds[FD_SETSIZE];
  int           n = 0;
  for (int fd = 0; fd < nfds && fd < FD_SETSIZE; ++fd)
  {
    short events = 0;
    if (readfds && FD_ISSET(fd, readfds))
      events |= POLLIN;
    if (writefds && FD_ISSET(fd, writefds))
      events |= POLLOUT;
    if (exceptfds && FD_ISSET(fd, exceptfds))
      events |= POLLPRI;
    if (events)
    {
      fds[n].fd = fd;
      fds[n].events = events;
      fds[n].revents = 0;
      ++n;
    }
  }
  const int ms = timeout ? (int)(timeout->tv_sec * 1000 + (timeout->tv_usec + 999) / 1000) : -1;
  const int rc = poll(fds, (nfds_t)n, ms);
  if (rc < 0)
    return rc;
  if (readfds)
    FD_ZERO(readfds);
  if (writefds)
    FD_ZERO(writefds);
  if (exceptfds)
    FD_ZERO(exceptfds);
  int ready = 0;
  for (int i = 0; i < n; ++i)
  {
    const short r = fds[i].revents;
    /* As select(): end of file, hang-up and errors make a descriptor readable. */
    if ((fds[i].events & POLLIN) && (r & (POLLIN | POLLHUP | POLLERR | POLLNVAL)))
    {
      FD_SET(fds[i].fd, readfds);
      ++ready;
    }
    if ((fds[i].events & POLLOUT) && (r & (POLLOUT | POLLERR | POLLNVAL)))
    {
      FD_SET(fds[i].fd, writefds);
      ++ready;
    }
    if ((fds[i].events & POLLPRI) && (r & POLLPRI))
    {
      FD_SET(fds[i].fd, exceptfds);
      ++ready;
    }
  }
  if (timeout && rc == 0)
  {
    timeout->tv_sec = 0; /* Linux select() leaves the time not slept */
    timeout->tv_usec = 0;
  }
  return ready;
}
