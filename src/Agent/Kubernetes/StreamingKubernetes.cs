using k8s;
using k8s.Autorest;

namespace HumanzCni.Agent.Kubernetes;

/// <summary>
/// The official client (KubernetesClient.Aot) with one change: the response of a watch request is handed over
/// unread. The Aot build has no Watcher (its project leaves Watcher.cs out; upstream lists watch as unsupported
/// there) and otherwise reads only the first line of a watch stream, as a NodeList. Requests, query strings,
/// authentication and TLS stay the client's; <see cref="NodeApi"/> reads the stream.
/// </summary>
internal sealed class StreamingKubernetes(KubernetesClientConfiguration config) : k8s.Kubernetes(config)
{
    protected override Task<HttpOperationResponse<T>> CreateResultAsync<T>(HttpRequestMessage httpRequest, HttpResponseMessage httpResponse, bool? watch, CancellationToken cancellationToken) =>
        watch == true
            ? Task.FromResult(new HttpOperationResponse<T> { Request = httpRequest, Response = httpResponse })
            : base.CreateResultAsync<T>(httpRequest, httpResponse, watch, cancellationToken);
}
