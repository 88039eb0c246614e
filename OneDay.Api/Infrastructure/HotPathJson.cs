using System.Text.Json;
using System.Text.Json.Serialization;
using OneDay.Api.Jobs;
using OneDay.Api.Users;

namespace OneDay.Api.Infrastructure;

/// <summary>
/// Compile-time JSON serializers for the responses of the most requested reads (search, job, public
/// profile): the generated code writes them directly instead of walking reflection metadata, which was
/// an eighth of a search's CPU. Its settings match the gateway's web defaults, so the wire format is the same.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(JobResponse))]
[JsonSerializable(typeof(PublicUserResponse))]
public sealed partial class HotPathJson : JsonSerializerContext;
