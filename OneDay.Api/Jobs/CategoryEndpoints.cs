using OneDay.Api.Errors;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Api.Jobs;

public static class CategoryEndpoints
{
    public static RouteGroupBuilder MapCategoriesApi(this RouteGroupBuilder jobs)
    {
        jobs.MapGet("/categories", async (IGrainFactory grains) =>
            Results.Ok(await grains.Reference<ICategoryCatalogGrain>(0).List()))
            .WithName("listCategories").WithSummary("List the job categories")
            .WithDescription("A job's category is one of these codes.")
            .Produces<JobCategory[]>();

        jobs.MapPut("/categories/{code}", async (string code, CategoryRequest request, IGrainFactory grains) =>
        {
            var category = new JobCategory(code, request.Name);
            var errors = await grains.Reference<ICategoryCatalogGrain>(0).Upsert(category);
            return errors.Length == 0 ? Results.Ok(category) : JobProblems.Validation(errors);
        }).RequireAuthorization(Policies.Admin)
            .WithName("putCategory").WithSummary("Add or rename a job category")
            .Produces<JobCategory>();

        jobs.MapDelete("/categories/{code}", async (string code, IGrainFactory grains) =>
            await grains.Reference<ICategoryCatalogGrain>(0).Remove(code)
                ? Results.NoContent()
                : Results.Problem(statusCode: 404, title: "No such category.", type: ProblemTypes.CategoryNotFound))
            .RequireAuthorization(Policies.Admin)
            .WithName("deleteCategory").WithSummary("Remove a job category")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        return jobs;
    }
}
