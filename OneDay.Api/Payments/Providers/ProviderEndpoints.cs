using System.Security.Claims;
using System.Text.RegularExpressions;
using OneDay.Api.Errors;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Api.Payments.Providers;

/// <summary>
/// What payment providers reach: their signed webhooks, and the sandbox's stand-in for its checkout page, where a
/// customer approves an order (a real provider's page is the provider's own).
/// </summary>
public static partial class ProviderEndpoints
{
    public static RouteGroupBuilder MapPaymentProvidersApi(this RouteGroupBuilder payments)
    {
        // Anonymous: the provider signs instead, and a silo checks the signature before anything is applied.
        payments.MapPost("/webhooks/{provider}", ReceiveWebhookAsync).AllowAnonymous()
            .WithName("receiveProviderWebhook").WithSummary("Receive a payment provider's signed webhook")
            .WithDescription("The body exactly as the provider sent it; 401 for a missing, wrong or stale signature. Deliveries are at " +
                "least once: a duplicate is answered like the first.")
            .Accepts<object>("application/json")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound);
        payments.MapPost("/sandbox/payments/{orderId:guid}/approve", ApproveInSandboxAsync).RequireAuthorization(Policies.Employer)
            .WithName("approveSandboxPayment").WithSummary("Approve my order at the sandbox provider")
            .WithDescription("What the customer does on a provider's checkout page, for the sandbox provider: answers the payment key " +
                "to confirm the top-up with. Another user's order is 404.")
            .Produces<SandboxApprovalResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return payments;
    }

    private static async Task<IResult> ReceiveWebhookAsync(string provider, HttpRequest request, IGrainFactory grains)
    {
        // Each name is a grain activation on a silo: nobody outside gets to make up arbitrary ones.
        if (!ProviderName().IsMatch(provider))
        {
            return Problems.NotFound("Payment provider");
        }

        var received = await ProviderWebhookRequests.ReceiveAsync(grains, provider, request);
        return received.Problem ?? Results.NoContent();
    }

    private static async Task<IResult> ApproveInSandboxAsync(Guid orderId, ClaimsPrincipal user, IGrainFactory grains)
    {
        var approved = await grains.Reference<ISandboxPaymentGrain>(orderId.ToString("N")).Approve(user.UserId());
        return approved.Refusal switch
        {
            ProviderRefusal.None => Results.Ok(SandboxApprovalResponse.From(orderId, approved.Payment!)),
            ProviderRefusal.NotFound => Problems.Of(StatusCodes.Status404NotFound, ProblemTypes.TopUpNotFound, "No such order.", approved.Detail),
            _ => Problems.Of(StatusCodes.Status409Conflict, ProblemTypes.Conflict, "The order can no longer be approved.", approved.Detail),
        };
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$")]
    private static partial Regex ProviderName();
}
