namespace AuthKit;

/// <summary>Registered by <c>AddAuthKitEndpoint</c>, so that <c>MapAuthKitToken</c> can tell it was called.</summary>
internal sealed class AuthKitEndpointMarker;
