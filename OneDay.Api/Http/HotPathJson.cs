using System.Text.Json;
using System.Text.Json.Serialization;
using OneDay.Api.Jobs;
using OneDay.Api.Users;

namespace OneDay.Api.Http;

/// <summary>
/// Compile-time JSON metadata for the bodies of the most requested calls (search, job, public profile, and a
/// profile edit's request and answer): generated property accessors instead of reflection over the types on
/// the hottest paths. Its settings match the gateway's web defaults, so the wire format is the same.
/// </summary>
/// <remarks>
/// The generated direct writers stay unused: System.Text.Json takes them only with its default encoder,
/// which escapes every non-ASCII character (all Korean text) as \uXXXX; the gateway keeps ASP.NET Core's
/// relaxed encoder, which writes it as UTF-8 at half the size.
/// </remarks>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(JobResponse))]
[JsonSerializable(typeof(PublicUserResponse))]
[JsonSerializable(typeof(ProfileRequest))]
[JsonSerializable(typeof(MeResponse))]
public sealed partial class HotPathJson : JsonSerializerContext;
