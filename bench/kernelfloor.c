/* The kernel floor of bench/targets.sh: a CNI plugin that asks the kernel for the least a bridged pod needs and
 * does nothing else, so that "kernel floor - floor" (floor: noop.c) is the kernel's share of an ADD or DEL.
 *
 *   ADD: one RTM_NEWLINK creating the veth pair, the host end UP and attached to the bridge, the peer
 *        (CNI_IFNAME) created straight in the pod's namespace (IFLA_NET_NS_FD); then, from a socket opened in
 *        the pod's namespace, the peer UP, the pod's address and its default route via the gateway.
 *   DEL: one RTM_DELLINK of the host end (the kernel takes the peer with it); a veth already gone is no error,
 *        as a runtime's second DEL expects.
 *
 * No IPAM, no result cache, no checks, no sysctls, no hairpin: the pod's address comes in CNI_ARGS
 * (IP=a.b.c.d/len, which the bench makes unique), the bridge (already there, with the gateway address) and the
 * gateway from two string fields of the config ("bridge", "gateway"), read with strstr: the bench writes that
 * config, this is not a JSON parser. Every request is acknowledged and its error reported as a CNI error.
 * Raw rtnetlink and static linking, like noop.c: no ip(8) processes, no dynamic loader, no runtime. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct {
    union {
        struct nlmsghdr header;
        char bytes[2048];
    };
} message;

/* A CNI error result on stdout and exit 1, as libcni expects of a failed plugin. */
static void fail(const char *what, int error) {
    printf("{\"cniVersion\":\"1.0.0\",\"code\":999,\"msg\":\"kernelfloor: %s: %s\"}\n", what, strerror(error));
    exit(1);
}

static void start(message *m, int type, int flags, const void *body, size_t length) {
    memset(m, 0, sizeof *m);
    m->header.nlmsg_len = NLMSG_LENGTH(length);
    m->header.nlmsg_type = (uint16_t)type;
    m->header.nlmsg_flags = (uint16_t)(NLM_F_REQUEST | NLM_F_ACK | flags);
    memcpy(NLMSG_DATA(&m->header), body, length);
}

/* Appends an attribute; returns it, so a nest can be closed with end_nest once its contents follow. */
static struct rtattr *put(message *m, int type, const void *data, size_t length) {
    struct rtattr *attribute = (struct rtattr *)(m->bytes + NLMSG_ALIGN(m->header.nlmsg_len));
    attribute->rta_type = (unsigned short)type;
    attribute->rta_len = (unsigned short)RTA_LENGTH(length);
    if (length > 0) memcpy(RTA_DATA(attribute), data, length);
    m->header.nlmsg_len = NLMSG_ALIGN(m->header.nlmsg_len) + RTA_ALIGN(attribute->rta_len);
    return attribute;
}

static void end_nest(message *m, struct rtattr *nest) {
    nest->rta_len = (unsigned short)(m->bytes + m->header.nlmsg_len - (char *)nest);
}

static int open_netlink(void) {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) fail("netlink socket", errno);
    return fd;
}

/* Sends one request and waits for its acknowledgement; returns 0 or the kernel's errno. */
static int transact(int fd, message *m, const char *what) {
    struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
    if (sendto(fd, m->bytes, m->header.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) fail(what, errno);
    char reply[8192];
    ssize_t n = recv(fd, reply, sizeof reply, 0);
    if (n < 0) fail(what, errno);
    struct nlmsghdr *header = (struct nlmsghdr *)reply;
    if (!NLMSG_OK(header, (size_t)n) || header->nlmsg_type != NLMSG_ERROR) fail(what, EPROTO);
    return -((struct nlmsgerr *)NLMSG_DATA(header))->error;
}

static void require(int fd, message *m, const char *what) {
    int error = transact(fd, m, what);
    if (error != 0) fail(what, error);
}

/* The host end's name: "kf" and the FNV-1a hash of the container id, so DEL finds what ADD made. */
static void host_name(char name[IFNAMSIZ], const char *container) {
    uint32_t hash = 2166136261u;
    for (const char *c = container; *c; c++) hash = (hash ^ (uint8_t)*c) * 16777619u;
    snprintf(name, IFNAMSIZ, "kf%08x", hash);
}

/* The string value of "KEY":"..." in the config, or exits with a CNI error. */
static void field(const char *config, const char *key, char *value, size_t size) {
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    const char *at = strstr(config, pattern);
    const char *end = at ? strchr(at + strlen(pattern), '"') : NULL;
    if (end == NULL || (size_t)(end - at - strlen(pattern)) >= size) fail(key, EINVAL);
    at += strlen(pattern);
    memcpy(value, at, (size_t)(end - at));
    value[end - at] = '\0';
}

static const char *environment(const char *name) {
    const char *value = getenv(name);
    if (value == NULL) fail(name, EINVAL);
    return value;
}

static void add(const char *config, const char *host, const char *ifname) {
    char bridge[IFNAMSIZ], gateway_text[INET_ADDRSTRLEN], address_text[32];
    field(config, "bridge", bridge, sizeof bridge);
    field(config, "gateway", gateway_text, sizeof gateway_text);
    const char *args = strstr(environment("CNI_ARGS"), "IP=");
    if (args == NULL) fail("CNI_ARGS has no IP=", EINVAL);
    snprintf(address_text, sizeof address_text, "%.*s", (int)strcspn(args + 3, ";"), args + 3);
    char *slash = strchr(address_text, '/');
    struct in_addr address, gateway;
    if (slash == NULL || inet_pton(AF_INET, gateway_text, &gateway) != 1) fail("IP= or gateway", EINVAL);
    *slash = '\0';
    if (inet_pton(AF_INET, address_text, &address) != 1) fail("IP=", EINVAL);
    unsigned char prefix = (unsigned char)atoi(slash + 1);

    const char *netns = environment("CNI_NETNS");
    int pod = open(netns, O_RDONLY | O_CLOEXEC);
    if (pod < 0) fail(netns, errno);
    unsigned int master = if_nametoindex(bridge);
    if (master == 0) fail(bridge, errno);

    message m;
    int node_netlink = open_netlink();
    struct ifinfomsg up = {.ifi_family = AF_UNSPEC, .ifi_flags = IFF_UP, .ifi_change = IFF_UP};
    start(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &up, sizeof up);
    put(&m, IFLA_IFNAME, host, strlen(host) + 1);
    put(&m, IFLA_MASTER, &master, sizeof master);
    struct rtattr *linkinfo = put(&m, IFLA_LINKINFO, NULL, 0);
    put(&m, IFLA_INFO_KIND, "veth", 5);
    struct rtattr *data = put(&m, IFLA_INFO_DATA, NULL, 0);
    /* The peer cannot be created UP (veth_open fails with ENOTCONN before the pair is joined): later, inside. */
    struct ifinfomsg down = {.ifi_family = AF_UNSPEC};
    struct rtattr *peer = put(&m, VETH_INFO_PEER, &down, sizeof down);
    put(&m, IFLA_IFNAME, ifname, strlen(ifname) + 1);
    put(&m, IFLA_NET_NS_FD, &pod, sizeof pod);
    end_nest(&m, peer);
    end_nest(&m, data);
    end_nest(&m, linkinfo);
    require(node_netlink, &m, "veth pair");

    /* A socket belongs to the namespace it was opened in: open the pod's from inside it. */
    if (setns(pod, CLONE_NEWNET) != 0) fail("setns", errno);
    int pod_netlink = open_netlink();
    unsigned int index = if_nametoindex(ifname);
    if (index == 0) fail(ifname, errno);
    struct ifinfomsg pod_up = {.ifi_family = AF_UNSPEC, .ifi_index = (int)index, .ifi_flags = IFF_UP, .ifi_change = IFF_UP};
    start(&m, RTM_NEWLINK, 0, &pod_up, sizeof pod_up);
    require(pod_netlink, &m, "pod's link up");
    struct ifaddrmsg ifaddr = {.ifa_family = AF_INET, .ifa_prefixlen = prefix, .ifa_index = index};
    start(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifaddr, sizeof ifaddr);
    put(&m, IFA_LOCAL, &address, sizeof address);
    put(&m, IFA_ADDRESS, &address, sizeof address);
    require(pod_netlink, &m, "address");
    struct rtmsg route = {.rtm_family = AF_INET, .rtm_table = RT_TABLE_MAIN, .rtm_protocol = RTPROT_BOOT,
                          .rtm_scope = RT_SCOPE_UNIVERSE, .rtm_type = RTN_UNICAST};
    start(&m, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &route, sizeof route);
    put(&m, RTA_GATEWAY, &gateway, sizeof gateway);
    put(&m, RTA_OIF, &index, sizeof index);
    require(pod_netlink, &m, "default route");

    printf("{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"%s\"},{\"name\":\"%s\",\"sandbox\":\"%s\"}],"
           "\"ips\":[{\"address\":\"%s/%u\",\"gateway\":\"%s\",\"interface\":1}]}\n",
           host, ifname, netns, address_text, prefix, gateway_text);
}

static void del(const char *host) {
    message m;
    struct ifinfomsg any = {.ifi_family = AF_UNSPEC};
    start(&m, RTM_DELLINK, 0, &any, sizeof any);
    put(&m, IFLA_IFNAME, host, strlen(host) + 1);
    int error = transact(open_netlink(), &m, "delete the veth");
    if (error != 0 && error != ENODEV) fail("delete the veth", error);
}

int main(void) {
    static char config[65536];
    size_t length = 0;
    ssize_t n;
    while (length < sizeof config - 1 && (n = read(0, config + length, sizeof config - 1 - length)) > 0) length += (size_t)n;
    config[length] = '\0';
    const char *command = environment("CNI_COMMAND");
    if (strcmp(command, "VERSION") == 0) {
        puts("{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\"]}");
        return 0;
    }
    char host[IFNAMSIZ];
    if (strcmp(command, "ADD") == 0 || strcmp(command, "DEL") == 0) host_name(host, environment("CNI_CONTAINERID"));
    if (strcmp(command, "ADD") == 0) add(config, host, environment("CNI_IFNAME"));
    if (strcmp(command, "DEL") == 0) del(host);
    return 0;
}
